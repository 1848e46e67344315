namespace MedPeft.Peft;

/// <summary>An adapter that was trained on another base model than the one it is applied to; the message says how they differ.</summary>
public sealed class AdapterMismatchException(string message) : MedPeftException(message);
