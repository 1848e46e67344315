// Before LibTorch loads: passive OpenMP waiting and memory kept for reuse (see TrainingProcess).
MedPeft.Training.TrainingProcess.Configure();
return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
