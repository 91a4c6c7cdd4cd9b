// Yield to the event loop so queued messages (pause, step, setSpeed) are handled between iterations.
// A MessageChannel round trip is a fresh task without setTimeout's ≥ 4 ms clamp on nested timers.

const waiting: (() => void)[] = [];
let channel: MessageChannel | null = null;

export function yieldToEventLoop(): Promise<void> {
  if (channel === null) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
    // In Node (unit tests) an open port would keep the process alive.
    (channel.port1 as unknown as { unref?: () => void }).unref?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
