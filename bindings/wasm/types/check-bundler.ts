// The bundler package (wasm-pack --target bundler): the bundler instantiates it.
import * as onramp from "../pkg-bundler/onramp_wasm.js";
import { useEverything } from "./use.js";

export const bundler: string[] = useEverything(onramp, "[]");
