using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedPeft.Models.Llava;

/// <summary>
/// The HF tokenizer settings of a converted LLaVA folder: the source's <c>tokenizer_config.json</c>,
/// <c>special_tokens_map.json</c> and <c>added_tokens.json</c> (each started empty where absent) with
/// <c>&lt;image&gt;</c> and <c>&lt;pad&gt;</c> added as special tokens and <c>&lt;pad&gt;</c> as the pad token,
/// as the transformers conversion leaves them.
/// </summary>
internal static class LlavaHfTokenizerFiles
{
    public static void Write(string source, string target, int imageId, int padId)
    {
        var added = Read(source, ModelFolderFiles.AddedTokens);
        added[LlavaHfConversion.ImageToken] = imageId;
        added[LlavaHfConversion.PadToken] = padId;
        Save(target, ModelFolderFiles.AddedTokens, added);

        var special = Read(source, ModelFolderFiles.SpecialTokensMap);
        special["pad_token"] = LlavaHfConversion.PadToken;
        Save(target, ModelFolderFiles.SpecialTokensMap, special);

        var tokenizer = Read(source, ModelFolderFiles.TokenizerConfig);
        tokenizer["pad_token"] = LlavaHfConversion.PadToken;
        var decoder = tokenizer["added_tokens_decoder"] as JsonObject ?? new JsonObject();
        decoder[imageId.ToString()] = Token(LlavaHfConversion.ImageToken);
        decoder[padId.ToString()] = Token(LlavaHfConversion.PadToken);
        tokenizer["added_tokens_decoder"] = decoder;
        Save(target, ModelFolderFiles.TokenizerConfig, tokenizer);
    }

    static JsonObject Token(string content) => new()
    {
        ["content"] = content, ["lstrip"] = false, ["normalized"] = false, ["rstrip"] = false, ["single_word"] = false, ["special"] = true,
    };

    static JsonObject Read(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path)) return new JsonObject();
        try { return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new MedPeftException($"{path}: expected a JSON object."); }
        catch (JsonException e) { throw new MedPeftException($"{path}: not valid JSON ({e.Message})."); }
    }

    static void Save(string folder, string file, JsonObject json) =>
        File.WriteAllText(Path.Combine(folder, file), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
