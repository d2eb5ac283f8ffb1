"""Participation: who took part in what across the flows — each member's circles (sync.matching),
clinics (sync.clinics.participation) and badges (sync.recognition) — on the dashboard's Circles page
and certificates of participation. It reads the other flows' records, and none of them reads it."""
