// The web package (wasm-pack --target web): initialise once, then use.
import init, * as onramp from "../pkg-web/onramp_wasm.js";
import type { LoadAnswer } from "../pkg-web/onramp_wasm.js";
import { useEverything } from "./use.js";

export async function web(url: URL): Promise<string[]> {
  await init({ module_or_path: url });
  const loaded: LoadAnswer = onramp.Rules.load("[]");
  return loaded.type === "success" ? [loaded.rules.hash] : useEverything(onramp, "[]");
}
