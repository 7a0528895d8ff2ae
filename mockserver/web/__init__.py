"""The mock's own web pages (`/`, `/docs`) and the assets they load, shipped inside the package."""
