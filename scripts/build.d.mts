export function buildCli(root: string, logLevel?: "error" | "warning"): Promise<void>;
