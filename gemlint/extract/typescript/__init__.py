"""TypeScript/JavaScript sources: tree-sitter queries, values, React and CommonJS flow, doubles."""
