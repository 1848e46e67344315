namespace MedPeft.Data.Text;

/// <summary>How a template joins the turns (the original LLaVA code's <c>SeparatorStyle</c>).</summary>
internal enum SeparatorStyle
{
    /// <summary><c>TWO</c>: system, then <c>ROLE: message</c> turns, user turns ending with <c>Sep</c>, answers with <c>Sep2</c>.</summary>
    Two,
    /// <summary><c>LLAMA_2</c>: <c>[INST] message [/INST]</c>, then <c>" " + answer + " " + Sep2</c>.</summary>
    Llama2,
    /// <summary><c>PLAIN</c>: the messages alone, each followed by its separator.</summary>
    Plain,
}

/// <summary>
/// A conversation template of the original LLaVA / LLaVA-Med code (<c>llava/conversation.py</c>), rendered
/// as its <c>get_prompt</c> renders a single turn: the user's message is <c>&lt;image&gt;\n</c> + the
/// question, the assistant's is the answer, or nothing for the prompt a model generates from. The text
/// after the prompt is the answer's; its closing <c>&lt;/s&gt;</c> is the end-of-sentence token.
/// </summary>
internal sealed record ConversationTemplate(string Name, string System, string UserRole, string AssistantRole, SeparatorStyle Style, string Sep, string Sep2)
{
    public const string ImagePlaceholder = "<image>";
    /// <summary>The text of the end-of-sentence token, which closes every answer.</summary>
    public const string EndOfSentence = "</s>";

    /// <summary>
    /// <c>vicuna_v1</c> (LLaVA-1.5, <c>llava_llama</c> checkpoints):
    /// <c>{system} USER: &lt;image&gt;\n{question} ASSISTANT: {answer}&lt;/s&gt;</c>.
    /// </summary>
    public static readonly ConversationTemplate Llava15 = new("llava-1.5",
        "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.",
        "USER", "ASSISTANT", SeparatorStyle.Two, " ", EndOfSentence);

    /// <summary>
    /// <c>mistral_instruct</c> (LLaVA-Med v1.5): the LLAMA_2 style without a system prompt,
    /// <c>[INST] &lt;image&gt;\n{question} [/INST] {answer} &lt;/s&gt;</c> (a space before <c>&lt;/s&gt;</c>).
    /// </summary>
    public static readonly ConversationTemplate MistralInstruct = new("mistral-instruct", "", "USER", "ASSISTANT", SeparatorStyle.Llama2, "", EndOfSentence);

    /// <summary>
    /// <c>plain</c>: <c>&lt;image&gt;\n{question}\n</c>, then the answer. The original has no second
    /// separator (its pretraining code ends answers with <c>\n</c> and no end token); here the answer
    /// ends with <c>&lt;/s&gt;</c> as in the other templates, so that generation stops.
    /// </summary>
    public static readonly ConversationTemplate Plain = new("plain", "", "", "", SeparatorStyle.Plain, "\n", EndOfSentence);

    public static IReadOnlyList<ConversationTemplate> All { get; } = [Llava15, MistralInstruct, Plain];

    public static ConversationTemplate ByName(string name) =>
        All.FirstOrDefault(t => t.Name == name.Trim().ToLowerInvariant())
        ?? throw new MedPeftException($"unknown conversation template '{name}' (expected one of: {string.Join(", ", All.Select(t => t.Name))}).");

    /// <summary>The prompt a model answers <paramref name="question"/> from (with the image placeholder).</summary>
    public string PromptFor(string question) => Render(question, null);

    /// <summary>The text after the prompt that is the answer, without the closing <c>&lt;/s&gt;</c>.</summary>
    public string AnswerFor(string answer)
    {
        const string question = "?";
        var prompt = PromptFor(question);
        var full = Render(question, answer);
        if (!full.StartsWith(prompt, StringComparison.Ordinal) || !full.EndsWith(EndOfSentence, StringComparison.Ordinal))
            throw new InvalidOperationException($"template {Name}: the prompt is not a prefix of the conversation.");
        return full[prompt.Length..^EndOfSentence.Length];
    }

    /// <summary>
    /// The original <c>Conversation.get_prompt()</c> for the turns (USER: <c>&lt;image&gt;\n{question}</c>,
    /// ASSISTANT: <paramref name="answer"/>, null for a turn left open).
    /// </summary>
    public string Render(string question, string? answer)
    {
        var user = ImagePlaceholder + "\n" + question.Trim();
        switch (Style)
        {
            case SeparatorStyle.Two:
                var two = System + Sep + UserRole + ": " + user.Trim() + Sep
                    + (answer is null ? AssistantRole + ":" : AssistantRole + ": " + answer.Trim() + Sep2 + " ");
                return two.Trim();
            case SeparatorStyle.Llama2:
                var system = System.Length > 0 ? $"<<SYS>>\n{System}\n<</SYS>>\n\n" : "";
                var llama = Sep + $"[INST] {system}{user} [/INST]" + (answer is null ? "" : " " + answer + " " + Sep2);
                return Sep.Length > 0 ? llama.TrimStart(Sep.ToCharArray()) : llama;
            default:
                return System + user + Sep + (answer is null ? "" : answer + Sep2);
        }
    }
}
