/** The path of `node` `version` under `root`'s node_modules/.cache, installed from the npm registry on first use. */
export declare const nodeBinary: (root: string, version: string) => string
