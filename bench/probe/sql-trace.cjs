/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, run by node --require */
// Preloaded into the API by `npm run bench -- --probe` (node --require): appends the text of every
// statement the process sends to PostgreSQL to the file in BENCH_SQL_TRACE, one per record, so that
// the raw baselines can be written from (and checked against) what an endpoint really executes.
const fs = require('node:fs');
const { Client } = require('pg');

const file = process.env.BENCH_SQL_TRACE;
if (file) {
  const fd = fs.openSync(file, 'a');
  const original = Client.prototype.query;
  Client.prototype.query = function traced(config, ...rest) {
    const text = typeof config === 'string' ? config : config && config.text;
    if (text) fs.writeSync(fd, `${text.replace(/\s+/g, ' ').trim()}\n\u241e\n`);
    return original.call(this, config, ...rest);
  };
}
