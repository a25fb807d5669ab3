export function internalListenerConfig(
  env: Record<string, string | undefined>,
  server: { port: number; hostname: string; dev: boolean },
): { port: number; hostname: string; backgroundNice: number } | null;

export function startInternalApiWorker(options: { root: string; port: number; hostname: string; backgroundNice: number }): Promise<{
  onUnexpectedExit(callback: (reason: string) => void): void;
  stop(): Promise<void>;
}>;
