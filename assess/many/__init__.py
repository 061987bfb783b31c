"""Many cases at once: compare tables, batch data sets, several assessors and their agreement."""
