#!/usr/bin/env node
// The installed `gongbo` command: runs the compiled CLI (compiled by `npm ci` through `prepare`).
import { main } from '../lib/src/cli.js';

// `gongbo push --dry-run | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2));
