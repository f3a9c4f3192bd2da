"""Reading sources into the library: archives, the parallel loader and the database writer."""
