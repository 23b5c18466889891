'use strict';
// Nothing: sax uses `require('stream').Stream` only for its SAXStream, and falls back to a plain function when it
// is missing (see README.md).
