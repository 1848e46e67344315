// Before LibTorch loads: passive OpenMP waiting and memory kept for reuse (see ProcessSettings).
MedPeft.Runtime.ProcessSettings.Configure();
MedPeft.Cli.Runtime.LibTorchBootstrap.Install();
return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
