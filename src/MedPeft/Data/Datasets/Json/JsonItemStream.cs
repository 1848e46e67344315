using System.Text.Json;

namespace MedPeft.Data.Datasets.Json;

/// <summary>
/// Streams the items of a JSON file's arrays one at a time, so a large annotation file is never held
/// whole in memory: the items of a top-level array (group null), or of each array-valued property of a
/// top-level object (group = the property name; other properties are skipped). Each item is handed
/// over as a <see cref="JsonElement"/> valid only during the callback.
/// </summary>
static class JsonItemStream
{
    enum Phase { Start, InObject, PropertyValue, InArray, Done }

    sealed class Cursor
    {
        public Phase Phase = Phase.Start;
        public bool RootIsObject;
        public string? Group;
        public int Index;
    }

    /// <summary>Reads the file; malformed JSON throws a <see cref="JsonException"/> with its line after the items before it were handed over.</summary>
    public static void Read(string path, Action<string?, int, JsonElement> onItem)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[1 << 16];
        int length = 0;
        bool final = false;
        var state = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var cursor = new Cursor();
        while (cursor.Phase != Phase.Done)
        {
            if (!final)
            {
                int read = stream.Read(buffer, length, buffer.Length - length);
                final = read == 0;
                length += read;
            }
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
            Step(ref reader, cursor, onItem);
            int consumed = (int)reader.BytesConsumed;
            state = reader.CurrentState;
            if (cursor.Phase == Phase.Done) break;
            if (final && consumed == 0) throw new JsonException("the file ends before the JSON does.");
            Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
            length -= consumed;
            // One item larger than the buffer: grow it so the whole item fits.
            if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
    }

    /// <summary>Advances through as many tokens as the buffered bytes hold; leaves the reader after the last complete step.</summary>
    static void Step(ref Utf8JsonReader reader, Cursor cursor, Action<string?, int, JsonElement> onItem)
    {
        while (true)
        {
            switch (cursor.Phase)
            {
                case Phase.Start:
                    if (!reader.Read()) return;
                    if (reader.TokenType == JsonTokenType.StartArray) cursor.Phase = Phase.InArray;
                    else if (reader.TokenType == JsonTokenType.StartObject) (cursor.Phase, cursor.RootIsObject) = (Phase.InObject, true);
                    else throw new JsonException("expected a JSON array or object at the start of the file.");
                    break;
                case Phase.InObject:
                    if (!reader.Read()) return;
                    if (reader.TokenType == JsonTokenType.EndObject) { cursor.Phase = Phase.Done; return; }
                    cursor.Group = reader.GetString();
                    cursor.Phase = Phase.PropertyValue;
                    break;
                case Phase.PropertyValue:
                {
                    var peek = reader;
                    if (!peek.Read()) return;
                    if (peek.TokenType == JsonTokenType.StartArray)
                    {
                        reader = peek;
                        (cursor.Phase, cursor.Index) = (Phase.InArray, 0);
                    }
                    else
                    {
                        if (!reader.TrySkip()) return;
                        cursor.Phase = Phase.InObject;
                    }
                    break;
                }
                case Phase.InArray:
                {
                    var before = reader;
                    if (!reader.Read()) return;
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        cursor.Phase = cursor.RootIsObject ? Phase.InObject : Phase.Done;
                        if (cursor.Phase == Phase.Done) return;
                        break;
                    }
                    if (!JsonDocument.TryParseValue(ref reader, out var item))
                    {
                        reader = before;
                        return;
                    }
                    using (item) onItem(cursor.Group, cursor.Index++, item.RootElement);
                    break;
                }
                default:
                    return;
            }
        }
    }
}
