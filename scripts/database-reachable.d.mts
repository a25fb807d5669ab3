export function databaseReachable(url: string): Promise<boolean>;
