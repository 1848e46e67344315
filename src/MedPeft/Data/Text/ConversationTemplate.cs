namespace MedPeft.Data.Text;

/// <summary>
/// A LLaVA conversation template: the prompt around the question (with the <c>&lt;image&gt;</c>
/// placeholder) and the answer's form; the answer is followed by the end-of-sentence token.
/// </summary>
internal sealed record ConversationTemplate(string Name, string Prompt, string Answer)
{
    public const string ImagePlaceholder = "<image>";

    /// <summary>LLaVA-1.5 (Vicuna): <c>USER: &lt;image&gt;\n{question} ASSISTANT:</c> + <c> {answer}&lt;/s&gt;</c>.</summary>
    public static readonly ConversationTemplate Llava15 = new("llava-1.5", "USER: <image>\n{question} ASSISTANT:", " {answer}");
    /// <summary>LLaVA-Med v1.5 (Mistral instruct): <c>[INST] &lt;image&gt;\n{question} [/INST]</c> + <c> {answer}&lt;/s&gt;</c>.</summary>
    public static readonly ConversationTemplate MistralInstruct = new("mistral-instruct", "[INST] <image>\n{question} [/INST]", " {answer}");
    /// <summary>No chat roles: the image, the question, the answer.</summary>
    public static readonly ConversationTemplate Plain = new("plain", "<image>\n{question}", " {answer}");

    public static IReadOnlyList<ConversationTemplate> All { get; } = [Llava15, MistralInstruct, Plain];

    public static ConversationTemplate ByName(string name) =>
        All.FirstOrDefault(t => t.Name == name.Trim().ToLowerInvariant())
        ?? throw new MedPeftException($"unknown conversation template '{name}' (expected one of: {string.Join(", ", All.Select(t => t.Name))}).");

    public string PromptFor(string question) => Prompt.Replace("{question}", question);

    public string AnswerFor(string answer) => Answer.Replace("{answer}", answer);
}
