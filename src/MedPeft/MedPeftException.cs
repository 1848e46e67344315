namespace MedPeft;

/// <summary>
/// A problem with what the user gave (a file, a field, an option): the message names it and says
/// what was expected. The command line prints the message alone and exits with code 2.
/// </summary>
public class MedPeftException : Exception
{
    public MedPeftException(string message) : base(message) { }
    public MedPeftException(string message, Exception inner) : base(message, inner) { }
}
