namespace MedPeft;

/// <summary>
/// A run that started from good input and then failed in a way the user can act on (e.g. the loss
/// became NaN). The command line prints the message alone and exits with code 1.
/// </summary>
public class MedPeftFailure(string message) : Exception(message);
