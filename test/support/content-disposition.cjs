// Jest on Node 20 cannot require() an ES module from CommonJS; @fastify/static (CommonJS) requires
// content-disposition 3 (ESM only) for file downloads, which the tests never use through it. This stand-in
// gives the same `create` for tests only, using the RFC 6266 form; production loads the real package.
'use strict';
function create(filename, options) {
  const type = (options && options.type) || 'attachment';
  if (filename === undefined) return type;
  const ascii = String(filename).replace(/[^\x20-\x7e]/g, '?').replace(/["\\]/g, '\\$&');
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(String(filename))}`;
}
module.exports = { create };
