import KinhPhi

/// Every command, in the order `kinhphi --help` lists them. Add a new command here (one line).
let allCommands: [any Command.Type] = [
    InitCommand.self,
    AppraiseCommand.self,
    ApproveCommand.self,
    AdjustCommand.self,
    RecordCommand.self,
    ImportCommand.self,
    ReverseCommand.self,
    StatusCommand.self,
    VerifyCommand.self,
    RepairCommand.self,
    SettleCommand.self,
    ExplainCommand.self,
    ReportCommand.self,
    PitCommand.self,
    PrintCommand.self,
    NormsCommand.self,
    BudgetCodesCommand.self,
    WordsCommand.self,
]
