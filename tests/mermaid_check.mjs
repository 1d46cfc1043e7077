// Parse a Mermaid file with Mermaid itself (run from a folder with mermaid and jsdom installed).
// Used by tests/test_graph_mermaid.py when SPECKIT_GRAPH_MERMAID_JS is set; exit 1 on a parse error.
import { createRequire } from 'module';
import fs from 'fs';
import path from 'path';
const require = createRequire(path.join(process.cwd(), 'index.js'));
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!DOCTYPE html><body></body>');
global.window = dom.window;
global.document = dom.window.document;
const { default: mermaid } = await import(require.resolve('mermaid'));
mermaid.initialize({ startOnLoad: false });
try {
  await mermaid.parse(fs.readFileSync(process.argv[2], 'utf8'));
  console.log('OK');
} catch (error) {
  console.log('ERR', error.message || error);
  process.exit(1);
}
