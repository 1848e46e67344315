using MedPeft.Data.Text;

namespace MedPeft.Tests.Data.Text;

/// <summary>
/// The templates render as the original LLaVA-Med code's <c>Conversation.get_prompt()</c> does; the
/// expected strings are written out by hand from <c>llava/conversation.py</c> (conv_mistral_instruct,
/// conv_vicuna_v1, conv_llava_plain) for one user turn "&lt;image&gt;\n" + question and one answer.
/// </summary>
public class ConversationTemplateTests
{
    const string Question = "What is shown?";
    const string Answer = "A chest X-ray.";

    const string VicunaSystem = "A chat between a curious user and an artificial intelligence assistant. " +
        "The assistant gives helpful, detailed, and polite answers to the user's questions.";

    [Theory]
    // mistral_instruct: LLAMA_2 style, no system prompt, a space before the end token.
    [InlineData("mistral-instruct", "[INST] <image>\nWhat is shown? [/INST]", " A chest X-ray. </s>", " A chest X-ray. ")]
    // vicuna_v1: its system prompt, TWO style with sep " " and sep2 "</s>", the whole stripped.
    [InlineData("llava-1.5", VicunaSystem + " USER: <image>\nWhat is shown? ASSISTANT:", " A chest X-ray.</s>", " A chest X-ray.")]
    // plain: the messages with their separators ("\n"; MedPeft closes the answer with </s>).
    [InlineData("plain", "<image>\nWhat is shown?\n", "A chest X-ray.</s>", "A chest X-ray.")]
    public void RendersAsTheOriginalGetPrompt(string name, string prompt, string answered, string answerText)
    {
        var template = ConversationTemplate.ByName(name);

        Assert.Equal(prompt, template.PromptFor(Question));
        Assert.Equal(prompt + answered, template.Render(Question, Answer));
        Assert.Equal(answerText, template.AnswerFor(Answer));
    }

    [Fact]
    public void QuestionsAreStrippedAsTheOriginalEvaluationDoes()
    {
        Assert.Equal("[INST] <image>\nWhat is shown? [/INST]", ConversationTemplate.MistralInstruct.PromptFor("  What is shown? \n"));
    }

    [Fact]
    public void UnknownTemplateNamesTheKnownOnes()
    {
        var error = Assert.Throws<MedPeftException>(() => ConversationTemplate.ByName("chatml"));

        Assert.Contains("llava-1.5, mistral-instruct, plain", error.Message);
    }
}
