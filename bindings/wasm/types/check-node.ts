// The Node package (wasm-pack --target nodejs): ready on import.
import * as onramp from "../pkg-node/onramp_wasm.js";
import { useEverything } from "./use.js";

export const node: string[] = useEverything(onramp, "[]");
