using Parley.Cli;

return await CliApp.RunAsync(args);
