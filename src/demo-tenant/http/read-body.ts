import type { IncomingMessage } from "node:http";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The raw request body as text; refuses bodies over 4 MB, as Graph does. */
export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError("The request body is larger than 4 MB.");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
