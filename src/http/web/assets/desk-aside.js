// The desk editor's script for its aside part (see pages/desk-editor-aside.ts); loaded on every desk page, it does nothing where its part is absent.
