// Preloaded into a gongbo process (`node --import`), SIGKILLs it at an exact rename, for failures a random kill only sometimes hits.
// FAULTS_DIE_BEFORE_RENAME / FAULTS_DIE_AFTER_RENAME: a regular expression matched against the rename's source path.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const before = process.env.FAULTS_DIE_BEFORE_RENAME ? new RegExp(process.env.FAULTS_DIE_BEFORE_RENAME) : undefined;
const after = process.env.FAULTS_DIE_AFTER_RENAME ? new RegExp(process.env.FAULTS_DIE_AFTER_RENAME) : undefined;
const rename = fs.promises.rename;

fs.promises.rename = async (from, to) => {
  if (before?.test(String(from))) process.kill(process.pid, 'SIGKILL');
  await rename(from, to);
  if (after?.test(String(from))) process.kill(process.pid, 'SIGKILL');
};
// gongbo imports `rename` by name from node:fs/promises: its binding follows only after this.
syncBuiltinESMExports();
