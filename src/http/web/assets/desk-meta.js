// The desk editor's script for its meta part (see pages/desk-editor-meta.ts); loaded on every desk page, it does nothing where its part is absent.
