namespace MedPeft;

/// <summary>
/// A problem with what the user gave (a file, a field, an option): the message names it and says
/// what was expected. The command line prints the message alone and exits with code 2.
/// </summary>
public class MedPeftException : Exception
{
    /// <summary>A problem described by <paramref name="message"/>, which names what is wrong and what was expected.</summary>
    public MedPeftException(string message) : base(message) { }

    /// <summary>A problem found through <paramref name="inner"/> (e.g. a parser's error), described by <paramref name="message"/>.</summary>
    public MedPeftException(string message, Exception inner) : base(message, inner) { }
}
