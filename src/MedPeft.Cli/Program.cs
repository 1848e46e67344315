return MedPeft.Cli.CliApp.Run(args, Console.Out, Console.Error);
