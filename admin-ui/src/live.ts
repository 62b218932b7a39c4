// The agents' live channel: /ws/agent/stores/{id}?token=…, reconnecting with back-off. After every
// (re)connect the server sends {"type":"ready"}; listeners then re-read what they show, so nothing
// said while the socket was down is missed.
import { token } from "./api";
import type { Message, Summary } from "./types";

export type LiveEvent =
  | { type: "ready" }
  | { type: "message"; message: Message }
  | { type: "conversation"; conversation: Summary }
  | { type: "typing"; conversationId: string; by: string }
  | { type: "read"; conversationId: string; by: string; at: string };

export class Live {
  private socket: WebSocket | null = null;
  private listeners = new Set<(e: LiveEvent) => void>();
  private retry = 0;
  private closed = false;
  private timer: number | undefined;

  constructor(readonly storeId: string) { this.connect(); }

  on(listener: (e: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(event: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(event));
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close();
  }

  private connect(): void {
    const t = token();
    if (this.closed || !t) return;
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/agent/stores/${this.storeId}?token=${encodeURIComponent(t)}`;
    const ws = new WebSocket(url);
    this.socket = ws;
    ws.onmessage = (m) => {
      const event = JSON.parse(m.data) as LiveEvent;
      if (event.type === "ready") this.retry = 0;
      this.listeners.forEach((l) => l(event));
    };
    ws.onclose = () => {
      if (this.closed) return;
      document.body.dataset.live = "offline";
      this.timer = window.setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** this.retry++));
    };
    ws.onopen = () => { document.body.dataset.live = "online"; };
  }
}
