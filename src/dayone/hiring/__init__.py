"""Bar Raiser hiring: principles, role profiles, loops, sealed feedback and the debrief."""
