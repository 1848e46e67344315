// Before LibTorch loads: passive OpenMP waiting and memory kept for reuse (see ProcessSettings).
MedPeft.Runtime.ProcessSettings.Configure();
return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
