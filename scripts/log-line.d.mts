export function logLine(level: "info" | "warn" | "error" | "fatal", msg: string): void;
export function displayUrl(hostname: string, port: number): string;
