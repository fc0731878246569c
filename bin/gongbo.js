#!/usr/bin/env node
// The installed `gongbo` command: runs the compiled CLI (compiled by `npm ci` through `prepare`).
import { main } from '../lib/src/cli.js';

process.exitCode = await main(process.argv.slice(2));
