/** `code` (an esbuild ESM bundle) with each of esbuild's namespace objects written as an object literal. */
export declare const namespaceLiterals: (code: string) => string
