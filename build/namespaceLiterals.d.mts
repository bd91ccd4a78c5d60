/** `code` (an esbuild ESM bundle) with each of esbuild's namespace objects filled with its members' values, or else written as an object literal of getters. */
export declare const namespaceLiterals: (code: string) => string
