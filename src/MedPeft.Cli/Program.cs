// Before LibTorch loads: passive OpenMP waiting and memory kept for reuse (see ProcessSettings).
MedPeft.Runtime.ProcessSettings.Configure();
MedPeft.Cli.Runtime.LibTorchBootstrap.Install();
// SIGTERM and SIGINT stop a command at its next safe point (a training step's checkpoint) rather than at once.
MedPeft.Cli.StopSignals.Install();
return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
