import KinhPhi

/// Every command, in the order `kinhphi --help` lists them. Add a new command here (one line).
let allCommands: [any Command.Type] = [
    AppraiseCommand.self,
    WordsCommand.self,
]
