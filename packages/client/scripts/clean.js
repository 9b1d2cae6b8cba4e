// Removes dist/ so files of deleted sources never linger in a build.
import { rmSync } from "node:fs";

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
