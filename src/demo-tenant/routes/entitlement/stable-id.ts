import { createHash } from "node:crypto";

/**
 * A UUID-shaped id derived from its parts (name-based, like UUID v5), so objects the emulator derives
 * from others (subjects, resource scopes, assignments of seeded requests) keep their ids across resets.
 */
export function stableId(...parts: string[]): string {
  const h = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The id of a user's accessPackageSubject. Entra keeps subjects as objects of their own, whose id is not
 * the user's object id (that is `objectId`); deriving it keeps it stable without a table.
 */
export function subjectIdFor(userId: string): string {
  return stableId("accessPackageSubject", userId.toLowerCase());
}
