"""The reader: a resolution as read on screen, its rendering, labels and the reader views."""
