// Before LibTorch loads: passive OpenMP waiting and memory kept for reuse (see TrainingProcess).
MedPeft.Training.TrainingProcess.Configure();
MedPeft.Cli.Runtime.LibTorchBootstrap.Install();
return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
