"""Learning clinics: short sessions members propose in a tagged topic, on an always-current calendar."""
