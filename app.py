"""resolution-center: wiring only. The rules live in chalicelib/."""

from chalice import Chalice

from chalicelib.blueprints.actions import routes as action_routes
from chalicelib.blueprints.agents import routes as agent_routes
from chalicelib.blueprints.console import routes as console_routes
from chalicelib.blueprints.console_admin import routes as console_admin_routes
from chalicelib.blueprints.console_ticket import routes as console_ticket_routes
from chalicelib.blueprints.directory import routes as directory_routes
from chalicelib.blueprints.feedback import functions as feedback_functions
from chalicelib.blueprints.feedback import routes as feedback_routes
from chalicelib.blueprints.help import routes as help_routes
from chalicelib.blueprints.http import auth
from chalicelib.blueprints.kb import routes as kb_routes
from chalicelib.blueprints.mail import routes as mail_routes
from chalicelib.blueprints.meta import routes as meta_routes
from chalicelib.blueprints.people import routes as people_routes
from chalicelib.blueprints.quality import routes as quality_routes
from chalicelib.blueprints.shipments import routes as shipment_routes
from chalicelib.blueprints.status import routes as status_routes
from chalicelib.blueprints.tickets import routes as ticket_routes
from chalicelib.blueprints.workers import functions as worker_functions
from chalicelib.blueprints.worklist import routes as worklist_routes

app = Chalice(app_name="resolution-center")
app.register_blueprint(auth)
app.register_blueprint(ticket_routes)
app.register_blueprint(directory_routes)
app.register_blueprint(mail_routes)
app.register_blueprint(agent_routes)
app.register_blueprint(meta_routes)
app.register_blueprint(kb_routes)
app.register_blueprint(help_routes)
app.register_blueprint(shipment_routes)
app.register_blueprint(people_routes)
app.register_blueprint(worklist_routes)
app.register_blueprint(action_routes)
app.register_blueprint(quality_routes)
app.register_blueprint(worker_functions)
app.register_blueprint(feedback_routes)
app.register_blueprint(status_routes)
app.register_blueprint(feedback_functions)
app.register_blueprint(console_routes)
app.register_blueprint(console_ticket_routes)
app.register_blueprint(console_admin_routes)
