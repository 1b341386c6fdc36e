"""The photographer's pages, a module a room: library, loupe, upload, sharing, originals and health."""
