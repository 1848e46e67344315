using System.Buffers.Binary;
using System.Text;

namespace MedPeft.Data.Datasets.Pickle;

/// <summary>
/// A minimal reader of Python pickles (protocols 2 to 5) holding plain data only: lists, tuples,
/// dicts, str, bytes, int, float, bool and None. Objects (any opcode that would import or call code)
/// are refused, so a pickle can never run anything. Values come back as <see cref="List{T}"/> of
/// object, <see cref="Dictionary{TKey, TValue}"/> of object to object, string, byte[], long,
/// System.Numerics.BigInteger, double, bool and null; tuples as object arrays.
/// With an <see cref="IPickleObjects"/>, the object opcodes it needs (GLOBAL / STACK_GLOBAL, REDUCE,
/// BINPERSID, BUILD) are handed to it, and it decides which imports exist (the few a PyTorch state
/// dict needs); the other object opcodes (INST, OBJ, NEWOBJ, NEWOBJ_EX) are refused all the same.
/// </summary>
internal static class PickleReader
{
    static readonly object Mark = new();

    public static object? Read(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected a pickle file).");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Read(stream, path, null);
    }

    /// <summary>Reads a pickle from a seekable stream; <paramref name="source"/> names it in errors.</summary>
    public static object? Read(Stream stream, string source, IPickleObjects? objects)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try { return Run(reader, source, objects); }
        catch (EndOfStreamException) { throw new MedPeftException($"{source}: the pickle ends before its STOP opcode (truncated)."); }
        catch (InvalidDataException e) { throw new MedPeftException($"{source}: {e.Message}"); }
    }

    static object? Run(BinaryReader r, string path, IPickleObjects? objects)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        while (true)
        {
            long at = r.BaseStream.Position;
            byte op = r.ReadByte();
            switch (op)
            {
                case 0x80: r.ReadByte(); break;                                  // PROTO
                case 0x95: r.ReadInt64(); break;                                 // FRAME (a length hint)
                case (byte)'.': return stack.Count == 1 ? stack[0] : throw Corrupt(path, at, "STOP with a stack that does not hold one value");
                case (byte)'(': stack.Add(Mark); break;                         // MARK
                case (byte)']': stack.Add(new List<object?>()); break;          // EMPTY_LIST
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break; // EMPTY_DICT
                case (byte)')': stack.Add(Array.Empty<object?>()); break;       // EMPTY_TUPLE
                case (byte)'l': stack.Add(PopMark(stack, path, at).ToList()); break; // LIST
                case (byte)'t': stack.Add(PopMark(stack, path, at)); break;     // TUPLE
                case (byte)'d': stack.Add(ToDict(PopMark(stack, path, at), path, at)); break; // DICT
                case 0x85: stack.Add(new[] { Pop(stack, path, at) }); break;    // TUPLE1
                case 0x86: { var b = Pop(stack, path, at); var a = Pop(stack, path, at); stack.Add(new[] { a, b }); break; }
                case 0x87: { var c = Pop(stack, path, at); var b = Pop(stack, path, at); var a = Pop(stack, path, at); stack.Add(new[] { a, b, c }); break; }
                case (byte)'a': { var v = Pop(stack, path, at); List(stack, path, at).Add(v); break; } // APPEND
                case (byte)'e': { var items = PopMark(stack, path, at); List(stack, path, at).AddRange(items); break; } // APPENDS
                case (byte)'s': { var v = Pop(stack, path, at); var k = Pop(stack, path, at); Dict(stack, path, at)[Key(k, path, at)] = v; break; } // SETITEM
                case (byte)'u':                                                  // SETITEMS
                {
                    var items = PopMark(stack, path, at);
                    var dict = Dict(stack, path, at);
                    for (int i = 0; i + 1 < items.Length; i += 2) dict[Key(items[i], path, at)] = items[i + 1];
                    break;
                }
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'J': stack.Add((long)r.ReadInt32()); break;          // BININT
                case (byte)'K': stack.Add((long)r.ReadByte()); break;           // BININT1
                case (byte)'M': stack.Add((long)r.ReadUInt16()); break;         // BININT2
                case 0x8A: stack.Add(Long(Bytes(r, r.ReadByte()))); break;   // LONG1
                case 0x8B: stack.Add(Long(Bytes(r, Length(r.ReadInt32(), path, at)))); break; // LONG4
                case (byte)'G': stack.Add(BinaryPrimitives.ReadDoubleBigEndian(Bytes(r, 8))); break; // BINFLOAT
                case (byte)'X': stack.Add(Utf8(r, Length(r.ReadInt32(), path, at))); break;   // BINUNICODE
                case 0x8C: stack.Add(Utf8(r, r.ReadByte())); break;                          // SHORT_BINUNICODE
                case 0x8D: stack.Add(Utf8(r, Length(r.ReadInt64(), path, at))); break;       // BINUNICODE8
                // Python 2 str (protocol 2 from Python 2): bytes, read as UTF-8 text.
                case (byte)'T': stack.Add(Utf8(r, Length(r.ReadInt32(), path, at))); break;   // BINSTRING
                case (byte)'U': stack.Add(Utf8(r, r.ReadByte())); break;                     // SHORT_BINSTRING
                case (byte)'B': stack.Add(Bytes(r, Length(r.ReadInt32(), path, at))); break; // BINBYTES
                case (byte)'C': stack.Add(Bytes(r, r.ReadByte())); break;                 // SHORT_BINBYTES
                case 0x8E: stack.Add(Bytes(r, Length(r.ReadInt64(), path, at))); break;   // BINBYTES8
                case 0x94: memo[memo.Count] = Top(stack, path, at); break;       // MEMOIZE
                case (byte)'q': memo[r.ReadByte()] = Top(stack, path, at); break; // BINPUT
                case (byte)'r': memo[r.ReadUInt32()] = Top(stack, path, at); break; // LONG_BINPUT
                case (byte)'h': stack.Add(Memo(memo, r.ReadByte(), path, at)); break; // BINGET
                case (byte)'j': stack.Add(Memo(memo, r.ReadUInt32(), path, at)); break; // LONG_BINGET
                case (byte)'c' when objects is not null: stack.Add(objects.Global(Line(r), Line(r))); break; // GLOBAL
                case 0x93 when objects is not null:                                                         // STACK_GLOBAL
                {
                    var name = Pop(stack, path, at);
                    var module = Pop(stack, path, at);
                    stack.Add(module is string m && name is string n ? objects.Global(m, n) : throw Corrupt(path, at, "STACK_GLOBAL of non-strings"));
                    break;
                }
                case (byte)'R' when objects is not null:                                                    // REDUCE
                {
                    var arguments = Pop(stack, path, at) as object?[] ?? throw Corrupt(path, at, "REDUCE with arguments that are not a tuple");
                    var callable = Pop(stack, path, at);
                    stack.Add(objects.Call(callable, arguments));
                    break;
                }
                case (byte)'Q' when objects is not null: stack.Add(objects.PersistentLoad(Pop(stack, path, at))); break; // BINPERSID
                case (byte)'b' when objects is not null: { var state = Pop(stack, path, at); objects.Build(Top(stack, path, at), state); break; } // BUILD
                case (byte)'c' or (byte)'i' or 0x93 or (byte)'R' or 0x81 or 0x92 or (byte)'b' or (byte)'o' or (byte)'Q':
                    throw new MedPeftException($"{path}: the pickle holds a Python object (opcode 0x{op:X2} at byte {at}); only lists, dicts, strings and numbers are read.");
                default:
                    throw new MedPeftException($"{path}: unsupported pickle opcode 0x{op:X2} at byte {at} (protocols 2 to 5 of plain data are read).");
            }
        }
    }

    static object? Pop(List<object?> stack, string path, long at)
    {
        if (stack.Count == 0 || ReferenceEquals(stack[^1], Mark)) throw Corrupt(path, at, "stack underflow");
        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    static object? Top(List<object?> stack, string path, long at) =>
        stack.Count == 0 ? throw Corrupt(path, at, "memo of an empty stack") : stack[^1];

    static object?[] PopMark(List<object?> stack, string path, long at)
    {
        int mark = stack.FindLastIndex(v => ReferenceEquals(v, Mark));
        if (mark < 0) throw Corrupt(path, at, "no MARK on the stack");
        var items = stack.GetRange(mark + 1, stack.Count - mark - 1).ToArray();
        stack.RemoveRange(mark, stack.Count - mark);
        return items;
    }

    static List<object?> List(List<object?> stack, string path, long at) =>
        stack.Count > 0 && stack[^1] is List<object?> list ? list : throw Corrupt(path, at, "APPEND to something that is not a list");

    static Dictionary<object, object?> Dict(List<object?> stack, string path, long at) =>
        stack.Count > 0 && stack[^1] is Dictionary<object, object?> dict ? dict : throw Corrupt(path, at, "SETITEM on something that is not a dict");

    static Dictionary<object, object?> ToDict(object?[] items, string path, long at)
    {
        var dict = new Dictionary<object, object?>();
        for (int i = 0; i + 1 < items.Length; i += 2) dict[Key(items[i], path, at)] = items[i + 1];
        return dict;
    }

    static object Key(object? key, string path, long at) =>
        key is string or long or double or bool ? key : throw Corrupt(path, at, $"a dict key of type {key?.GetType().Name ?? "None"}");

    static object? Memo(Dictionary<long, object?> memo, long index, string path, long at) =>
        memo.TryGetValue(index, out var value) ? value : throw Corrupt(path, at, $"memo {index} read before it was written");

    static int Length(long length, string path, long at) =>
        length is >= 0 and <= int.MaxValue ? (int)length : throw Corrupt(path, at, $"a length of {length}");

    static string Utf8(BinaryReader r, int length) => Encoding.UTF8.GetString(Bytes(r, length));

    /// <summary>A newline-terminated ASCII argument (GLOBAL's module and name), at most 256 bytes.</summary>
    static string Line(BinaryReader r)
    {
        var bytes = new List<byte>();
        for (byte b = r.ReadByte(); b != (byte)'\n'; b = r.ReadByte())
            bytes.Add(bytes.Count < 256 ? b : throw new InvalidDataException("a GLOBAL name longer than 256 bytes."));
        return Encoding.ASCII.GetString(bytes.ToArray());
    }

    static byte[] Bytes(BinaryReader r, int length)
    {
        // A claimed length is checked against what the file still holds before anything is allocated.
        if (length > r.BaseStream.Length - r.BaseStream.Position) throw new EndOfStreamException();
        var bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException();
    }

    /// <summary>LONG1/LONG4: a little-endian two's-complement integer of any length.</summary>
    static object Long(byte[] bytes)
    {
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;
    }

    static MedPeftException Corrupt(string path, long at, string what) => new($"{path}: corrupt pickle at byte {at}: {what}.");
}
