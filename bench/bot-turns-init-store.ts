/**
 * Creates and migrates a PGlite data directory for `npm run bench:bot`, in a process of its own, so the
 * bot then opens an existing store as `npm start` does from its second start on (PGlite's initdb, which
 * only a first start runs, costs several hundred MB of resident memory that the bot's process would keep).
 */
import { openDb } from "../src/store/index.js";

const dir = process.argv[2];
if (!dir) throw new Error("usage: bot-turns-init-store.ts <pglite data dir>");
await (await openDb({ pgliteDataDir: dir })).close();
