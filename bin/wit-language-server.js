#!/usr/bin/env node
import '../server/out/lsp/main.js';
