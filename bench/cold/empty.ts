// Cold start baseline: node itself, doing nothing.
process.stdout.write(`${performance.now()} 0\n`)
